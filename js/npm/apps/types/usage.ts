// The package's types as a TypeScript site meets them (tsc --noEmit): the
// calls of the README type-check, and each line under @ts-expect-error is
// a mistake that must not (tsc fails on an expectation that is not met).
import Default, { Favorites, setup } from '@favorites-dev/favorites';
import type { ErrorCode, FavoritesError, Item, MessageKey, Options } from '@favorites-dev/favorites';

setup({ cookieName: 'fav', maxItems: 20, messages: { add: 'Save' }, consent: 'required' });
setup({ wasm: new URL('https://cdn.example/favorites.wasm') });
setup({ wasm: fetch('/favorites.wasm') });
setup({ wasm: WebAssembly.compileStreaming(fetch('/favorites.wasm')) });

async function use(): Promise<void> {
  await Favorites.ready;
  const after: Item[] = await Favorites.add({ id: 482913, title: document.title, url: location.pathname });
  const first: string = after[0].id;
  const added: number = after[0].added;
  const on: boolean = await Favorites.toggle({ id: 'a' });
  const has: boolean = await Favorites.has('a');
  await Favorites.remove(482913);
  await Favorites.clear();
  await Favorites.configure({ domain: null, maxAgeDays: 30 });
  await Favorites.consent(true);
  void [first, added, on, has];

  try {
    await Favorites.add({ id: '' });
  } catch (e) {
    const code: ErrorCode = (e as FavoritesError).code;
    switch (code) {
      case 'invalid-item': case 'full': case 'cookies-disabled': case 'load-failed': case 'consent-required':
        break;
      default: {
        const never: never = code; // every code is handled above
        void never;
      }
    }
  }
}

document.addEventListener('favorites:change', (e) => {
  const items: Item[] = e.detail.items;
  if (e.detail.action === 'add' || e.detail.action === 'remove') {
    const id: string = e.detail.id;
    void id;
  }
  void items;
});
document.addEventListener('favorites:consent-required', (e) => {
  const action: 'add' | 'remove' | 'toggle' = e.detail.action;
  void action;
});

const key: MessageKey = 'warning';
const options: Options = { messages: { [key]: 'Cookies keep your list.' } };
const same: boolean = Default === Favorites && window.Favorites === Favorites;
void [use, options, same];

// @ts-expect-error: an item needs an id
Favorites.add({ title: 'no id' });
// @ts-expect-error: an id is a string or a number
Favorites.remove({ id: 'a' });
// @ts-expect-error: toggle resolves to a boolean, not a list
const wrong: Item[] = await Favorites.toggle({ id: 'a' });
// @ts-expect-error: maxItems is a number
Favorites.configure({ maxItems: '20' });
// @ts-expect-error: an option that does not exist (a typo)
Favorites.configure({ maxitems: 20 });
// @ts-expect-error: no such message
Favorites.configure({ messages: { save: 'Save' } });
// @ts-expect-error: consent takes a boolean
Favorites.consent('granted');
// @ts-expect-error: the only consent option is "required"
setup({ consent: 'optional' });
// @ts-expect-error: not an error code of the library
const code: ErrorCode = 'not-found';
// @ts-expect-error: favorites:change has no such action
document.addEventListener('favorites:change', (e) => e.detail.action === 'toggle');
// @ts-expect-error: ready is not a method
Favorites.ready();
void [wrong, code];
