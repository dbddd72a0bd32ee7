// The package as a Vite site uses it: Vite finds favorites.wasm through
// the module's new URL(…, import.meta.url) and emits it with the build.
import { Favorites, setup } from '@favorites-dev/favorites';
import '@favorites-dev/favorites/favorites.css';

setup({ messages: { add: 'Save for later' } });
window.imported = Favorites;
window.setupLater = setup; // too late once the page has loaded
