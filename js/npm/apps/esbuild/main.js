// The package as an esbuild site uses it: esbuild rewrites no
// new URL(…, import.meta.url), so the page names the .wasm, here as the
// URL that esbuild's file loader gives the package's favorites.wasm. The
// query's wasm=response or wasm=module passes a Response or a compiled
// WebAssembly.Module instead, each as a promise.
import { Favorites, setup } from '@favorites-dev/favorites';
import wasm from '@favorites-dev/favorites/favorites.wasm';
import '@favorites-dev/favorites/favorites.css';

const how = new URLSearchParams(location.search).get('wasm');
setup({
  wasm: how === 'response' ? fetch(wasm)
    : how === 'module' ? WebAssembly.compileStreaming(fetch(wasm))
      : wasm
});
window.imported = Favorites;
window.wasmFile = wasm;
