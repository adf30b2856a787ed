/** The names Homebridge knows this plugin by. */
export const PLUGIN_NAME = 'homebridge-trygr';
export const PLATFORM_NAME = 'Trygr';
