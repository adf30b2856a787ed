/**
 * Loaded into the Homebridge child with `node --import` (through NODE_OPTIONS, so child bridges get it
 * too) before Homebridge itself: keeps its servers on loopback and ties its life to the test runner.
 */
import { installLoopbackGuard } from './loopback-guard.js';
import { installParentWatchdog } from './parent-watchdog.js';

installLoopbackGuard();
installParentWatchdog();
