const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The device counts of a location, without names or ids, for the info-level log. Intercoms are named only where there are some. */
export function countsLine(cameras: number, chimes: number, alarmDevices: number, intercoms = 0): string {
  return [
    plural(cameras, 'camera or doorbell', 'cameras and doorbells'),
    plural(chimes, 'chime', 'chimes'),
    ...(intercoms > 0 ? [plural(intercoms, 'intercom', 'intercoms')] : []),
    plural(alarmDevices, 'alarm device', 'alarm devices'),
  ].join(', ');
}
