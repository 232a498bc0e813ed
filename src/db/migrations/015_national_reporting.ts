import { type Kysely, sql } from 'kysely';

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
  await db.schema.alterTable('organisations').addColumn('ipa_code', 'text').execute();
  await db.schema.alterTable('venues').addColumn('national_name', 'text').execute();
  await db.schema.alterTable('venues').addColumn('postal_code', 'text').execute();
  await db.schema.alterTable('users').addColumn('national_name', 'text').execute();
  await db.schema.alterTable('programmes').addColumn('minors_from', 'text').execute();
  await db.schema.alterTable('programmes').addColumn('national_policy', 'text').execute();
  await db.schema.alterTable('programmes').addColumn('national_programme_code', 'text').execute();
  await db.schema.alterTable('programmes').addColumn('national_project_id', 'text').execute();
  // A programme that admitted minors admitted them from its start.
  await sql`update programmes set minors_from = start_date
    where id in (select programme_id from facilitation_settings where admits_minors = 1)`.execute(db);

  // AES-256-GCM ciphertext of the citizen's first name, surname and codice fiscale (JSON), naming its key.
  await db.schema.alterTable('facilitation_citizens').addColumn('names_enc', 'text').execute();

  await db.schema
    .createTable('facilitation_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('pending_only', 'integer', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('corrections', 'integer', (c) => c.notNull())
    .addColumn('files', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text')
    .addColumn('uploaded_by', 'text')
    .addColumn('outcome_name', 'text')
    .addColumn('outcome', 'text')
    .addUniqueConstraint('facilitation_batches_number', ['programme_id', 'number'])
    .execute();
  // Which records went in which batch, and when. Narrow and apart from the records: marking a
  // million records sent is an insert in id order here, not an update of the wide records table
  // (on PostgreSQL a new version of every row, with an entry in each of its indexes). No foreign
  // key to the batch: a batch is never deleted while its programme has records.
  await db.schema
    .createTable('facilitation_batch_records')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // 1 when the record had been sent before: the platform keeps what it was sent, so this one corrects it.
    .addColumn('correction', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facilitation_batch_records_pk', ['batch_id', 'record_id'])
    .execute();
  // A record is still to send unless a batch carried it after its last change: one probe here.
  await db.schema
    .createIndex('facilitation_batch_records_record')
    .on('facilitation_batch_records')
    .columns(['record_id', 'sent_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facilitation_batch_records').execute();
  await db.schema.dropTable('facilitation_batches').execute();
  await db.schema.alterTable('facilitation_citizens').dropColumn('names_enc').execute();
  for (const c of ['minors_from', 'national_policy', 'national_programme_code', 'national_project_id']) {
    await db.schema.alterTable('programmes').dropColumn(c).execute();
  }
  await db.schema.alterTable('users').dropColumn('national_name').execute();
  await db.schema.alterTable('venues').dropColumn('postal_code').execute();
  await db.schema.alterTable('venues').dropColumn('national_name').execute();
  await db.schema.alterTable('organisations').dropColumn('ipa_code').execute();
}
