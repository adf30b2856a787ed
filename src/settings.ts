/** The names Homebridge knows this plugin by. */
export const PLUGIN_NAME = 'homebridge-trygr';
export const PLATFORM_NAME = 'Trygr';

/** The folder of the plugin's own code (dist/ when built), as a URL ending in '/'. */
export const PLUGIN_CODE_URL = new URL('./', import.meta.url).href;
