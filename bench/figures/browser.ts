/** What a browser sends with a page request: HTML wanted, compressed answers accepted. */
export const BROWSER_HEADERS = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' } as const;
