/**
 * Calls the exported function `name` of the module at `moduleUrl`: how the side thread runs a call
 * (side-thread-worker.ts), and how a message's contents are made where it is composed
 * (core/mail.ts). Modules are kept by URL: an import() of a module already loaded still goes
 * through the loader's resolution each time.
 */
const modules = new Map<string, Promise<Record<string, (...args: unknown[]) => unknown>>>();

export async function callExported(moduleUrl: string, name: string, args: unknown[]): Promise<unknown> {
  let mod = modules.get(moduleUrl);
  if (!mod) {
    mod = import(moduleUrl);
    modules.set(moduleUrl, mod);
  }
  return (await mod)[name](...args);
}
