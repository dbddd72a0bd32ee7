// The behaviours of lib/behaviours.js in Chromium (CDP).
import { behaviours } from '../lib/behaviours.js';
import { chromium } from '../lib/engines.js';

behaviours(chromium);
