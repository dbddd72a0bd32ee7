// Types for @favorites-dev/favorites: window.Favorites, the ES module's
// exports, and the events the library dispatches on document. README.md is
// the reference for what each member does.

/** A favourite, as the library returns it. */
export interface Item {
  /** 1–100 characters, no control characters; a number is taken as its decimal string. */
  id: string;
  /** Any Unicode text, kept exactly; over 200 characters it is shortened to 199 and "…". */
  title: string;
  /** An absolute http(s) URL, or a path that starts with "/" (not "//"); "" when none was given. */
  url: string;
  /** When it was first added: ms since the Unix epoch, in whole seconds. */
  added: number;
}

/** What add and toggle take: the id, and optionally a title and url. */
export interface NewItem {
  id: string | number;
  title?: string;
  url?: string;
}

/** The keys of the widgets' texts. `error` is an extension. */
export type MessageKey = 'add' | 'remove' | 'clear' | 'empty' | 'warning' | 'rem' | 'loading' | 'error';

export type Messages = Record<MessageKey, string>;

/** Options of configure(), and of the script tag's data- attributes. */
export interface Options {
  /** The name of the list's first cookie: 1–64 letters, digits, "-" or "_". Default "favorites". */
  cookieName?: string;
  /** The capacity, 1 to 1000. Default 50. */
  maxItems?: number;
  /** The cookie's lifetime in days, 1 to 400. Default 365. */
  maxAgeDays?: number;
  /** The cookie's Domain; null goes back to host-only (an extension). */
  domain?: string | null;
  /** The widgets' texts, any of them. */
  messages?: Partial<Messages>;
  /**
   * The path the server's handler is mounted at (data-endpoint): after each
   * change the list's cookies are renewed there as server-set ones, which
   * Safari keeps; null or "" turns it off (an extension to configure).
   */
  endpoint?: string | null;
}

/** Where the ES module's core comes from, when its bundler does not find favorites.wasm. */
export type WasmSource = string | URL | Response | WebAssembly.Module;

/**
 * The ES module's options (an extension), given to setup() before the
 * library starts: what a classic script takes as data- attributes.
 */
export interface SetupOptions extends Options {
  /** The .wasm: a URL, a Response, a compiled Module, or a promise of one. */
  wasm?: WasmSource | PromiseLike<WasmSource>;
  /** "required": nothing is stored until Favorites.consent(true). */
  consent?: 'required';
}

/**
 * The codes a rejection carries. `consent-required` is an extension.
 */
export type ErrorCode = 'invalid-item' | 'full' | 'cookies-disabled' | 'load-failed' | 'consent-required';

/** A rejection of the library: an Error with a code. */
export interface FavoritesError extends Error {
  name: 'FavoritesError';
  code: ErrorCode;
}

/** The detail of favorites:change. */
export type ChangeDetail =
  | { action: 'add' | 'remove'; id: string; items: Item[] }
  | { action: 'clear' | 'sync'; id?: undefined; items: Item[] };

/** The detail of favorites:consent-required (an extension): the change that was refused. */
export interface ConsentRequiredDetail {
  action: 'add' | 'remove' | 'toggle';
  id?: string;
}

/** window.Favorites. Every method returns a Promise. */
export interface FavoritesAPI {
  /** Resolves once the stored list is known. */
  readonly ready: Promise<void>;
  /** Adds an item, or updates its title and url; resolves to the list after. */
  add(item: NewItem): Promise<Item[]>;
  /** Removes an id (an absent one is no error); resolves to the list after. */
  remove(id: string | number): Promise<Item[]>;
  /** Resolves to whether the item is a favourite afterwards. */
  toggle(item: NewItem): Promise<boolean>;
  has(id: string | number): Promise<boolean>;
  /** The list, oldest first: the caller's own copy. */
  list(): Promise<Item[]>;
  /** Empties the list and deletes its cookies. */
  clear(): Promise<void>;
  configure(options: Options): Promise<void>;
  /**
   * The reader's consent (an extension): true lets changes be stored,
   * false refuses them and deletes the stored list.
   */
  consent(granted: boolean): Promise<void>;
}

/**
 * The library's one instance: the classic script's when it came first. On
 * a server (no document) an inert stand-in whose methods reject with
 * load-failed.
 */
export declare const Favorites: FavoritesAPI;
export default Favorites;

/**
 * The ES module's options (an extension). Call it at the top level of the
 * module that imports the library, before the library starts; later it
 * throws. Where another copy (the classic script) runs the page, it does
 * nothing.
 */
export declare function setup(options: SetupOptions): void;

declare global {
  interface Window {
    Favorites: FavoritesAPI;
  }
  interface DocumentEventMap {
    'favorites:change': CustomEvent<ChangeDetail>;
    'favorites:consent-required': CustomEvent<ConsentRequiredDetail>;
  }
}
