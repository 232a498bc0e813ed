import type { VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { CatalogueItem } from '../events/catalogue.js';
import { EVENTS_CSS, EventCard } from '../events/views-public.js';
import type { Organisation } from '../organisations/service.js';

addMessages({
  it: {
    'home.title': 'Ponte: facilitazione digitale',
    'home.lead': 'Incontri, corsi e sportelli gratuiti per imparare a usare SPID, CIE, PagoPA e i servizi online del tuo comune.',
    'home.orgs': 'Enti e associazioni che partecipano',
    'home.events': 'Prossimi eventi',
    'home.events.none': 'Al momento non ci sono eventi in programma.',
    'home.events.all': 'Tutti gli eventi: cerca per comune, argomento e data',
    'home.staff': "Lavori o fai volontariato in un programma? Accedi all'area riservata.",
    'privacy.title': 'Informativa sulla privacy',
    'a11y.title': 'Dichiarazione di accessibilità',
  },
  en: {
    'home.title': 'Ponte: digital facilitation',
    'home.lead': "Free meetings, courses and help desks to learn how to use SPID, CIE, PagoPA and your municipality's online services.",
    'home.orgs': 'Public bodies and associations taking part',
    'home.events': 'Upcoming events',
    'home.events.none': 'There are no upcoming events at the moment.',
    'home.events.all': 'All events: search by municipality, topic and date',
    'home.staff': 'Do you work or volunteer in a programme? Sign in to the staff area.',
    'privacy.title': 'Privacy notice',
    'a11y.title': 'Accessibility statement',
  },
});

export function HomePage(props: { ctx: PageContext; organisations: Organisation[]; events: CatalogueItem[] }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'home.title')} head={EVENTS_CSS}>
      <h1>{t(l, 'home.title')}</h1>
      <p class="lead">{t(l, 'home.lead')}</p>
      <section aria-labelledby="home-events" class="mb-4">
        <h2 id="home-events" class="h4">
          {t(l, 'home.events')}
        </h2>
        {props.events.length === 0 ? (
          <p>{t(l, 'home.events.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-events">
            {props.events.map((item) => (
              <EventCard l={l} item={item} />
            ))}
          </ul>
        )}
        <p>
          <a class="btn btn-primary" href="/eventi">
            {t(l, 'home.events.all')}
          </a>
        </p>
      </section>
      <p>
        <a href="/sportelli">{t(l, 'desks.homeLink')}</a>
      </p>
      <p>
        <a href="/competenze">{t(l, 'skills.homeLink')}</a>
      </p>
      <p>
        <a href="/servizi">{t(l, 'guides.homeLink')}</a>
      </p>
      <h2 class="h4">{t(l, 'home.orgs')}</h2>
      <ul>
        {props.organisations.map((o) => (
          <li>
            {o.name}
            {o.municipality ? ` (${o.municipality.name})` : ''}
          </li>
        ))}
      </ul>
      <p>
        <a href="/login">{t(l, 'home.staff')}</a>
      </p>
    </Layout>
  );
}

export function PrivacyPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  const it = l === 'it';
  return (
    <Layout ctx={props.ctx} title={t(l, 'privacy.title')}>
      <h1>{t(l, 'privacy.title')}</h1>
      {it ? (
        <>
          <p>
            Il titolare del trattamento è l'ente che organizza l'incontro, il corso o lo sportello a cui ti iscrivi: lo trovi indicato in
            ogni pagina.
          </p>
          <h2 class="h4">Quali dati raccogliamo</h2>
          <p>
            Solo quelli che servono: il nome e un recapito (e-mail o telefono) per confermare la prenotazione e ricordarti l'appuntamento.
            Fascia d'età e pubblico di riferimento sono facoltativi e servono solo per statistiche anonime.
          </p>
          <h2 class="h4">Per quanto tempo</h2>
          <p>
            I dati personali delle prenotazioni vengono cancellati automaticamente dopo la fine dell'iniziativa, entro il periodo indicato
            dall'ente (di norma 90 giorni). Restano solo i conteggi anonimi. Puoi cancellare i tuoi dati in qualsiasi momento con il link
            privato ricevuto via e-mail.
          </p>
          <h2 class="h4">I tuoi diritti</h2>
          <p>
            Puoi chiedere accesso, rettifica o cancellazione dei tuoi dati all'ente titolare e presentare reclamo al Garante per la
            protezione dei dati personali.
          </p>
          <p>Non usiamo cookie di profilazione né servizi di terze parti: solo cookie tecnici per la lingua e la sicurezza dei moduli.</p>
        </>
      ) : (
        <>
          <p>The data controller is the body that runs the meeting, course or help desk you book: it is named on every page.</p>
          <h2 class="h4">What we collect</h2>
          <p>
            Only what is needed: your name and one contact (e-mail or phone) to confirm the booking and remind you. Age band and audience
            are optional and used only for anonymous statistics.
          </p>
          <h2 class="h4">For how long</h2>
          <p>
            Personal data of bookings is erased automatically after the event, within the period set by the body (usually 90 days). Only
            anonymous counts remain. You can erase your data at any time through the private link in your e-mail.
          </p>
          <h2 class="h4">Your rights</h2>
          <p>
            You can ask the controller for access, correction or erasure, and complain to the Italian data protection authority (Garante).
          </p>
          <p>We use no profiling cookies and no third-party services: only technical cookies for language and form security.</p>
        </>
      )}
    </Layout>
  );
}

export function AccessibilityPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'a11y.title')}>
      <h1>{t(l, 'a11y.title')}</h1>
      {l === 'it' ? (
        <>
          <p>
            Ponte è progettato per essere conforme alle Linee guida sull'accessibilità degli strumenti informatici di AgID e ai criteri WCAG
            2.1 livello AA. Le pagine pubbliche funzionano senza JavaScript, su schermi larghi 320 pixel e con i lettori di schermo; ogni
            modifica è verificata con test automatici di accessibilità in un browser reale.
          </p>
          <h2 class="h4">Segnalazioni</h2>
          <p>
            Se trovi un problema di accessibilità scrivi all'ente che gestisce la pagina: risponderà entro 30 giorni. In caso di risposta
            insoddisfacente puoi rivolgerti al Difensore civico per il digitale presso AgID.
          </p>
        </>
      ) : (
        <>
          <p>
            Ponte is designed to meet AgID's accessibility guidelines and WCAG 2.1 level AA. Public pages work without JavaScript, on
            screens 320 pixels wide and with screen readers; every change is checked by automated accessibility tests in a real browser.
          </p>
          <h2 class="h4">Feedback</h2>
          <p>
            If you find an accessibility problem, write to the body that runs the page: it will answer within 30 days. If the answer does
            not satisfy you, you can turn to AgID's Digital Ombudsman.
          </p>
        </>
      )}
    </Layout>
  );
}
