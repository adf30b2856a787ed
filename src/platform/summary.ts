const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The device counts of a location, without names or ids, for the info-level log. */
export function countsLine(cameras: number, chimes: number, alarmDevices: number): string {
  return [plural(cameras, 'camera or doorbell', 'cameras and doorbells'), plural(chimes, 'chime', 'chimes'), plural(alarmDevices, 'alarm device', 'alarm devices')].join(
    ', ',
  );
}
