// The README's wiring to vanilla-cookieconsent: favourites wait for the
// reader's consent to the "functionality" category, a refused change opens
// the preferences, and withdrawing that consent deletes the list.
import { Favorites, setup } from '@favorites-dev/favorites';
import * as CookieConsent from 'vanilla-cookieconsent';
import 'vanilla-cookieconsent/dist/cookieconsent.css';

setup({ consent: 'required' });

function follow() {
  Favorites.consent(CookieConsent.acceptedCategory('functionality'));
}

document.addEventListener('favorites:consent-required', () => CookieConsent.showPreferences());

CookieConsent.run({
  hideFromBots: false, // the test's browser is headless, which the manager takes for a bot
  categories: {
    necessary: { enabled: true, readOnly: true },
    functionality: {}
  },
  onConsent: follow,
  onChange: follow,
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Cookies',
          description: 'We keep your favourites in a cookie if you let us.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences'
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          sections: [
            { title: 'Necessary', linkedCategory: 'necessary' },
            { title: 'Favourites', description: 'Remembers the articles you save.', linkedCategory: 'functionality' }
          ]
        }
      }
    }
  }
});
window.imported = Favorites;
window.CookieConsent = CookieConsent;
