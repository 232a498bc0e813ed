import { type Kysely, sql } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * What the national platform's upload needs and Ponte did not keep: the citizen's names (AN1, AN2,
 * encrypted like the codice fiscale), the identities facilitators and venues have there, the
 * programme's national line (RFD or SCD), codes and the date from which it admits minors, the
 * venue's postal code, the organisation's IPA code, and the numbered batches every national
 * export is recorded as (which records went in each, and when, so the next one sends what is new
 * or corrected).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'organisations', [['ipa_code', 'text']]);
  await addColumns(db, 'venues', [
    ['national_name', 'text'],
    ['postal_code', 'text'],
  ]);
  await addColumns(db, 'users', [['national_name', 'text']]);
  await addColumns(db, 'programmes', [
    ['minors_from', 'text'],
    ['national_policy', 'text'],
    ['national_programme_code', 'text'],
    ['national_project_id', 'text'],
  ]);
  // A programme that admitted minors admitted them from its start.
  await sql`update programmes set minors_from = start_date
    where id in (select programme_id from facilitation_settings where admits_minors = 1)`.execute(db);

  // AES-256-GCM ciphertext of the citizen's first name, surname and codice fiscale (JSON), naming its key.
  await addColumns(db, 'facilitation_citizens', [['names_enc', 'text']]);

  await createTable(db, 'facilitation_batches', [
    'id text primary key',
    'programme_id text not null references programmes(id) on delete cascade',
    'number integer not null',
    'format text not null',
    'period_from text not null',
    'period_to text not null',
    'pending_only integer not null',
    'rows integer not null',
    'corrections integer not null',
    'files integer not null',
    'created_by text',
    'created_at text not null',
    'uploaded_at text',
    'uploaded_by text',
    'outcome_name text',
    'outcome text',
    'constraint facilitation_batches_number unique (programme_id, number)',
  ]);
  // Which records went in which batch, and when. Narrow and apart from the records: marking a
  // million records sent is an insert in id order here, not an update of the wide records table
  // (on PostgreSQL a new version of every row, with an entry in each of its indexes). No foreign
  // key to the batch: a batch is never deleted while its programme has records.
  await createTable(db, 'facilitation_batch_records', [
    'batch_id text not null',
    'record_id text not null',
    // 1 when the record had been sent before: the platform keeps what it was sent, so this one corrects it.
    'correction integer not null',
    'sent_at text not null',
    'constraint facilitation_batch_records_pk primary key (batch_id, record_id)',
  ]);
  // A record is still to send unless a batch carried it after its last change: one probe here.
  await createIndex(db, 'facilitation_batch_records_record', 'facilitation_batch_records', ['record_id', 'sent_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facilitation_batch_records').execute();
  await db.schema.dropTable('facilitation_batches').execute();
  await dropColumns(db, 'facilitation_citizens', ['names_enc']);
  await dropColumns(db, 'programmes', ['minors_from', 'national_policy', 'national_programme_code', 'national_project_id']);
  await dropColumns(db, 'users', ['national_name']);
  await dropColumns(db, 'venues', ['postal_code', 'national_name']);
  await dropColumns(db, 'organisations', ['ipa_code']);
}
