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

/** Translates a key; `{name}` placeholders are filled from vars. Falls back to Italian, then the key. */
export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? dictionaries.it[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : text;
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
  },
});
