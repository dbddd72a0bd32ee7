// The package as a Vite site uses it: Vite finds favorites.wasm through
// the module's new URL(…, import.meta.url) and emits it with the build.
import { Favorites, setup } from '@favorites-dev/favorites';
import '@favorites-dev/favorites/favorites.css';

// The endpoint has no server here: its renew fails, which never fails a
// change, and the test sees that it was asked.
setup({ messages: { add: 'Save for later' }, endpoint: '/vite-endpoint' });
window.imported = Favorites;
window.setupLater = setup; // too late once the page has loaded
