// The classic script starts at once, with the script tag's options. A
// data-consent that is not "required" is the page's mistake; the gate then
// holds, as the safer reading of a site that asked for one.
window.Favorites = api;
if (data.consent !== undefined && !requireConsent(data.consent)) {
  requireConsent('required');
  if (window.console) console.warn('favorites: data-consent must be "required"; consent is required');
}
api.ready = start();
