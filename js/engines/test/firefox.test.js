// The behaviours of lib/behaviours.js in Firefox ESR (WebDriver BiDi).
import { behaviours } from '../lib/behaviours.js';
import { firefox } from '../lib/engines.js';

behaviours(firefox);
