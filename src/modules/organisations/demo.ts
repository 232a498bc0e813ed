import type { DemoIds } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import * as organisations from './service.js';

/**
 * The organisations of the demo programme, with their venues and Prato's protocol: Prato with its
 * partner clubs, Firenze, Consorzio.it with Cremasco municipalities, Unione Valnure e Valchero
 * with its members, Gussago. Their ids go into `ids.organisations` and `ids.venues` by key.
 */
export async function seedDemoOrganisations(db: Db, ids: DemoIds): Promise<void> {
  const org = async (key: string, input: Parameters<typeof organisations.createOrganisation>[1]) => {
    const o = await organisations.createOrganisation(db, input);
    ids.organisations[key] = o.id;
    return o;
  };
  const venue = async (key: string, orgKey: string, input: Record<string, unknown>) => {
    const v = await organisations.createVenue(db, ids.organisations[orgKey], input);
    ids.venues[key] = v.id;
    return v;
  };

  // Prato: a protocol with Arci, Acli, MCL and the computer museum; meetings in the clubs.
  await org('prato', {
    name: 'Comune di Prato',
    type: 'comune',
    municipality: '100005',
    website: 'https://www.comune.prato.it',
    description:
      'Agenda Digitale: 10 incontri nei circoli della città, due volte al mese, ingresso libero su prenotazione, con lo sportello SPID.',
  });
  await org('arci', { name: 'Arci Prato', type: 'associazione', municipality: '100005' });
  await org('acli', { name: 'Acli Prato', type: 'associazione', municipality: '100005' });
  await org('mcl', { name: 'Movimento Cristiano Lavoratori Prato', type: 'associazione', municipality: '100005' });
  await org('museo', { name: 'Museo del calcolatore', type: 'associazione', municipality: '100005' });
  await venue('coiano', 'prato', {
    name: 'Circolo Arci di Coiano',
    address: 'Via di Coiano 12',
    municipality: '100005',
    capacity: 60,
    stepFree: true,
    latitude: 43.8916,
    longitude: 11.0797,
    accessibility: 'Ingresso a livello della strada, bagno accessibile.',
    openingNotes: 'Aperto il pomeriggio e la sera.',
  });
  await venue('galciana', 'prato', {
    name: 'Circolo Acli di Galciana',
    address: 'Piazza di Galciana 5',
    municipality: '100005',
    capacity: 40,
    stepFree: false,
    accessibility: "Due gradini all'ingresso; rampa mobile su richiesta.",
  });
  await venue('narnali', 'prato', {
    name: 'Casa del Popolo di Narnali',
    address: 'Via Pistoiese 410',
    municipality: '100005',
    capacity: 50,
    stepFree: true,
  });
  await organisations.createAgreement(db, ids.organisations.prato, {
    title: "Protocollo d'intesa per l'Agenda Digitale",
    partners: [ids.organisations.arci, ids.organisations.acli, ids.organisations.mcl, ids.organisations.museo],
    start: '2023-07-01',
    end: '2024-06-30',
    commitments:
      'Il Comune mette a disposizione personale e attrezzature per gli sportelli SPID, organizza mini conferenze su servizi digitali della PA, privacy e sicurezza informatica e incontri nel formato Coder Dojo. Le associazioni ospitano gli incontri nei circoli e partecipano alla coprogettazione.',
  });
  // Naming the clubs in the protocol asks each for a partnership; each has signed it in Ponte.
  for (const p of await organisations.listPartnerships(db, ids.organisations.prato)) {
    if (p.status === 'pending') await organisations.answerPartnership(db, p.id, p.partner.id, 'accept', null);
  }

  // Firenze: several bodies explain their online services; a competence centre.
  await org('firenze', { name: 'Comune di Firenze', type: 'comune', municipality: '048017', website: 'https://www.comune.fi.it' });
  await venue('murate', 'firenze', {
    name: 'Centro per le competenze digitali',
    address: 'Piazza delle Murate 1',
    municipality: '048017',
    capacity: 80,
    stepFree: true,
    accessibility: 'Ascensore, bagno accessibile, anello a induzione in sala.',
  });

  // Consorzio.it: many Cremasco municipalities under one consortium.
  await org('consorzio', {
    name: 'Consorzio.it',
    type: 'consorzio',
    municipality: '019035',
    description: 'Facilitazione digitale nel Cremasco (PNRR): personale comunale, scuole, cittadini, università e socio-sanitario.',
    memberMunicipalities: ['019035', '019067', '019062', '019005', '019102', '019111'],
  });
  await venue('pandino', 'consorzio', {
    name: 'Sala Civica di Pandino',
    address: 'Via Castello 15',
    municipality: '019067',
    capacity: 90,
    stepFree: true,
  });
  await venue('crema', 'consorzio', {
    name: 'Sala Ricevimenti',
    address: 'Piazza Duomo 25',
    municipality: '019035',
    capacity: 120,
    stepFree: true,
  });

  // Unione Valnure e Valchero: young digital animators, one initiative per member municipality.
  await org('valnure', {
    name: 'Unione dei Comuni Valnure e Valchero',
    type: 'unione',
    municipality: '033035',
    memberMunicipalities: ['033011', '033025', '033035', '033036', '033040', '033045'],
  });
  await venue('podenzano', 'valnure', {
    name: 'Biblioteca comunale di Podenzano',
    address: 'Via Monte Grappa 100',
    municipality: '033035',
    capacity: 35,
    stepFree: true,
  });

  // Gussago: Smart Polis, courses by audience and a help desk.
  await org('gussago', { name: 'Comune di Gussago', type: 'comune', municipality: '017081', website: 'https://www.comune.gussago.bs.it' });
  await venue('hub', 'gussago', {
    name: 'Hub Gussago',
    address: 'Via Peracchia 3',
    municipality: '017081',
    capacity: 30,
    stepFree: true,
    openingNotes: 'Sportello telematico e rilascio SPID su appuntamento.',
  });
}
