// The behaviours of lib/behaviours.js in WebKitGTK (W3C WebDriver, under Xvfb).
import { behaviours } from '../lib/behaviours.js';
import { webkit } from '../lib/engines.js';

behaviours(webkit);
