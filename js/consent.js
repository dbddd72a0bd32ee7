// Consent (an extension): with data-consent="required" (the ES module:
// setup({consent: 'required'})) nothing is stored until the site's consent
// manager calls Favorites.consent(true). The gate is page policy, not a rule
// of the list: the core never sees it. Until then no change reaches the
// core; reading a list stored earlier stays allowed, and so does clear,
// which only deletes. Withdrawing consent deletes the stored list, and the
// lease's database (lease.js).

// consentGiven is null while the page asked for no gate, then what the
// site last said: false until it grants consent, or after it withdrew it.
var consentGiven = null;

// requireConsent sets the gate from data-consent or setup's consent; it
// returns false for any value but "required", which the caller reports.
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
  const detail = { action }, key = idKey(id);
  if (key !== null) detail.id = key;
  document.dispatchEvent(new CustomEvent('favorites:consent-required', { detail }));
  return error('consent-required', 'favorites are stored only once the reader has consented');
}

// consent records the site's decision; withdrawing it clears the stored
// list (a reader without one loads no core for it) and drops the lease's
// database.
api.consent = (granted) => {
  if (typeof granted !== 'boolean') return Promise.reject(error('invalid-item', 'consent takes true or false'));
  consentGiven = granted;
  if (granted || (!storedList() && !items.length)) return Promise.resolve();
  dropLeases();
  return api.clear();
};
