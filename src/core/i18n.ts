/**
 * One dictionary per language. Italian is the reference; English is second. Modules add their
 * messages with addMessages() next to their views, so each capability owns its words.
 */
export type Lang = 'it' | 'en';
export const LANGS: Lang[] = ['it', 'en'];

type Messages = Record<string, string>;
const dictionaries: Record<Lang, Messages> = { it: {}, en: {} };

export function addMessages(messages: { it: Messages; en: Partial<Messages> }): void {
  Object.assign(dictionaries.it, messages.it);
  Object.assign(dictionaries.en, messages.en);
}

/** Whether a dictionary holds the key (a schema's message may be a key or, still, literal text). */
export function hasMessage(key: string): boolean {
  return key in dictionaries.it;
}

/** Translates a key; `{name}` placeholders are filled from vars. Falls back to Italian, then the key. */
export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? dictionaries.it[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : text;
}

/**
 * A count in words: `${key}.one` when n is 1, else `${key}.other`, with `{n}` filled in, so a page
 * never says "1 posti". Italian and English both have just these two forms for whole numbers.
 */
export function tn(lang: Lang, key: string, n: number, vars?: Record<string, string | number>): string {
  return t(lang, `${key}.${n === 1 ? 'one' : 'other'}`, { n, ...vars });
}

export function pickLang(value: unknown): Lang | null {
  return value === 'it' || value === 'en' ? value : null;
}

addMessages({
  it: {
    'site.name': 'Ponte',
    'site.tagline': 'Facilitazione digitale per i cittadini',
    'skip.content': 'Vai al contenuto principale',
    'skip.footer': 'Vai al piè di pagina',
    'nav.home': 'Home',
    'nav.login': 'Accedi',
    'nav.logout': 'Esci',
    'nav.backoffice': 'Area riservata',
    'nav.account': 'Il mio profilo',
    'nav.main': 'Menu principale',
    'lang.switch': 'Lingua',
    'lang.it': 'Italiano',
    'lang.en': 'English',
    'footer.privacy': 'Informativa privacy',
    'footer.accessibility': 'Dichiarazione di accessibilità',
    'footer.api': 'API per sviluppatori',
    'footer.licence': 'Software libero con licenza EUPL-1.2',
    'footer.legal': 'Note legali',
    'error.title': 'Si è verificato un problema',
    'error.back': 'Torna alla pagina iniziale',
    'form.errors': 'Il modulo contiene errori. Correggi i campi indicati.',
    'form.errorTitle': 'Errore',
    'form.required': 'campo obbligatorio',
    'form.save': 'Salva',
    'form.cancel': 'Annulla',
    'form.delete': 'Elimina',
    'form.add': 'Aggiungi',
    'form.search': 'Cerca',
    breadcrumb: 'Percorso di navigazione',
    'problem.400': 'Richiesta non valida',
    'problem.401': 'Accesso richiesto',
    'problem.401.detail': 'Accedi per continuare.',
    'problem.403': 'Operazione non consentita',
    'problem.403.detail': 'Non hai i permessi per questa operazione.',
    'problem.404': 'Non trovato',
    'problem.404.detail': 'La risorsa richiesta non esiste.',
    'problem.405': 'Metodo non consentito',
    'problem.409': 'Conflitto',
    'problem.410': 'Non più disponibile',
    'problem.413': 'Dati troppo grandi',
    'problem.415': 'Formato non supportato',
    'problem.422': 'Richiesta non eseguibile',
    'problem.423': 'Risorsa bloccata',
    'problem.429': 'Troppe richieste',
    'problem.503': 'Servizio non disponibile',
    'problem.500': 'Errore interno',
    'problem.internal': 'Si è verificato un errore imprevisto. Riprova più tardi.',
    'problem.rate-limited': 'Hai fatto troppe richieste. Riprova tra {seconds} secondi.',
    'problem.token-invalid': 'Il token API non è valido o è stato revocato.',
    'problem.method': 'Questo indirizzo accetta solo {allowed}.',
    'problem.page-missing.title': 'Pagina non trovata',
    'problem.page-missing': 'La pagina che cerchi non esiste o è stata spostata.',
    'problem.json-only': 'Invia i dati come JSON (application/json).',
    'problem.json-or-form': 'Invia i dati come JSON o come modulo web.',
    'problem.csrf.title': 'Modulo non valido',
    'problem.csrf': 'Il modulo è scaduto o non è valido. Ricarica la pagina e riprova.',
    'problem.too-large': 'I dati inviati superano la dimensione massima consentita.',
    'problem.bad-json': 'Il corpo della richiesta non è JSON valido.',
    'problem.nul': 'I dati inviati contengono un carattere non ammesso.',
    'problem.nul.field': 'contiene un carattere non ammesso (NUL)',
    'problem.invalid.body': 'I dati inviati non sono validi: controlla i campi indicati.',
    'problem.invalid.params': 'I parametri del percorso non sono validi: controlla i campi indicati.',
    'problem.invalid.query': 'I parametri della richiesta non sono validi: controlla i campi indicati.',
    'check.invisible': 'deve contenere lettere o cifre visibili, non solo spazi o caratteri invisibili',
    'check.date.impossible': 'questa data non esiste (controlla giorno e mese)',
    'check.instant.impossible': 'questa data o ora non esiste (controlla giorno, mese e ora)',
  },
  en: {
    'site.tagline': 'Digital facilitation for citizens',
    'skip.content': 'Skip to main content',
    'skip.footer': 'Skip to footer',
    'nav.home': 'Home',
    'nav.login': 'Sign in',
    'nav.logout': 'Sign out',
    'nav.backoffice': 'Staff area',
    'nav.account': 'My account',
    'nav.main': 'Main menu',
    'lang.switch': 'Language',
    'footer.privacy': 'Privacy notice',
    'footer.accessibility': 'Accessibility statement',
    'footer.api': 'API for developers',
    'footer.licence': 'Free software under the EUPL-1.2 licence',
    'footer.legal': 'Legal notes',
    'error.title': 'Something went wrong',
    'error.back': 'Back to the home page',
    'form.errors': 'The form has errors. Please correct the fields shown.',
    'form.errorTitle': 'Error',
    'form.required': 'required',
    'form.save': 'Save',
    'form.cancel': 'Cancel',
    'form.delete': 'Delete',
    'form.add': 'Add',
    'form.search': 'Search',
    breadcrumb: 'Breadcrumb',
    'problem.400': 'Bad request',
    'problem.401': 'Sign-in required',
    'problem.401.detail': 'Please sign in to continue.',
    'problem.403': 'Not allowed',
    'problem.403.detail': 'You do not have permission for this operation.',
    'problem.404': 'Not found',
    'problem.404.detail': 'The resource you asked for does not exist.',
    'problem.405': 'Method not allowed',
    'problem.409': 'Conflict',
    'problem.410': 'No longer available',
    'problem.413': 'Payload too large',
    'problem.415': 'Unsupported format',
    'problem.422': 'Request cannot be processed',
    'problem.423': 'Locked',
    'problem.429': 'Too many requests',
    'problem.503': 'Service unavailable',
    'problem.500': 'Internal error',
    'problem.internal': 'Something unexpected went wrong. Please try again later.',
    'problem.rate-limited': 'You have made too many requests. Try again in {seconds} seconds.',
    'problem.token-invalid': 'The API token is not valid or has been revoked.',
    'problem.method': 'This address only accepts {allowed}.',
    'problem.page-missing.title': 'Page not found',
    'problem.page-missing': 'The page you are looking for does not exist or has moved.',
    'problem.json-only': 'Send the data as JSON (application/json).',
    'problem.json-or-form': 'Send the data as JSON or as a web form.',
    'problem.csrf.title': 'Invalid form',
    'problem.csrf': 'The form has expired or is not valid. Reload the page and try again.',
    'problem.too-large': 'The data sent exceeds the maximum size allowed.',
    'problem.bad-json': 'The request body is not valid JSON.',
    'problem.nul': 'The data sent contains a character that is not allowed.',
    'problem.nul.field': 'contains a character that is not allowed (NUL)',
    'problem.invalid.body': 'The data sent is not valid: check the fields listed.',
    'problem.invalid.params': 'The path parameters are not valid: check the fields listed.',
    'problem.invalid.query': 'The query parameters are not valid: check the fields listed.',
    'check.invisible': 'must contain visible letters or digits, not only spaces or invisible characters',
    'check.date.impossible': 'this date does not exist (check the day and month)',
    'check.instant.impossible': 'this date or time does not exist (check the day, month and time)',
  },
});
