// The classic script starts at once: its options are the script tag's.
// A data-consent that is not "required" is a mistake of the page; the gate
// then holds, as the safer reading of a site that asked for one.
window.Favorites = api;
if (data.consent !== undefined && !requireConsent(data.consent)) {
  requireConsent('required');
  if (window.console) console.warn('favorites: data-consent must be "required"; consent is required');
}
api.ready = start();
