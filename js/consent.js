// Consent (an extension): a site that chooses to wait for the reader's
// consent before the list is stored gives data-consent="required" (or, in
// the ES module, setup({consent: 'required'})) and tells the library what
// its consent manager decided with Favorites.consent(true|false).
//
// The gate is page policy, not a rule of the list: the core never sees it.
// While consent is missing, no change reaches the core, so nothing is
// written; reading a list stored earlier stays allowed, and so does clear,
// which only deletes. Withdrawing consent clears the stored list.

// consentGiven is null while the page asked for no gate, then what the
// site last said: false until it grants consent, or after it withdrew it.
var consentGiven = null;

// requireConsent sets the gate from the script tag's data-consent or
// setup's consent option. Only "required" has a meaning; it returns false
// for any other value, which the caller reports.
function requireConsent(value) {
  if (value !== 'required') return false;
  if (consentGiven === null) consentGiven = false;
  return true;
}

// consentRefusal returns the error a change is refused with while consent
// is missing, after telling the page (favorites:consent-required), whose
// consent manager may then ask the reader; null when the change may go on.
function consentRefusal(action, id) {
  if (consentGiven !== false || action === 'clear') return null;
  var detail = { action: action };
  if (typeof id === 'string' || typeof id === 'number') detail.id = String(id);
  document.dispatchEvent(new CustomEvent('favorites:consent-required', { detail: detail }));
  return error('consent-required', 'favorites are stored only once the reader has consented');
}

// consent records the site's consent decision. Granting lets changes
// through from then on; withdrawing refuses them again and deletes the
// stored list, as clear does (a reader without one loads no core for it).
api.consent = function (granted) {
  if (typeof granted !== 'boolean') {
    return Promise.reject(error('invalid-item', 'consent takes true or false'));
  }
  consentGiven = granted;
  if (granted || (!storedList() && !items.length)) return Promise.resolve();
  return api.clear();
};
