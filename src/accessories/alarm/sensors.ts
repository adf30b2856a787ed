import type { HAP, PlatformAccessory, Service, WithUUID } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory, type CharacteristicType } from './alarm-accessory.js';
import { TEMPERATURE_RANGE, neutralSensorView, sensorView, type SensorCapability, type SensorLayout } from './alarm-mapping.js';

interface SensorService {
  service: (hap: HAP) => WithUUID<typeof Service>;
  reading: (hap: HAP) => CharacteristicType;
  /** Appended to the device name when this is not the device's first (primary) sensor. */
  label: string;
}

/**
 * One HomeKit service per capability. Freezing is an OccupancySensor: HomeKit has no freeze sensor;
 * occupancy is a plain detected / not detected state the Home app can notify about and build an
 * automation on ("when Freeze detects occupancy"), it is what homebridge-ring users already have,
 * and, unlike a TemperatureSensor, it does not invent a temperature Ring never measured (the
 * flood/freeze sensor reports a freeze fault, not a reading) and so never pollutes temperature
 * history or threshold automations. Devices that do report a temperature get a real TemperatureSensor.
 */
const SENSOR_SERVICES: Record<SensorCapability, SensorService> = {
  contact: { service: (hap) => hap.Service.ContactSensor, reading: (hap) => hap.Characteristic.ContactSensorState, label: 'Contact' },
  motion: { service: (hap) => hap.Service.MotionSensor, reading: (hap) => hap.Characteristic.MotionDetected, label: 'Motion' },
  leak: { service: (hap) => hap.Service.LeakSensor, reading: (hap) => hap.Characteristic.LeakDetected, label: 'Leak' },
  freeze: { service: (hap) => hap.Service.OccupancySensor, reading: (hap) => hap.Characteristic.OccupancyDetected, label: 'Freeze' },
  smoke: { service: (hap) => hap.Service.SmokeSensor, reading: (hap) => hap.Characteristic.SmokeDetected, label: 'Smoke' },
  co: { service: (hap) => hap.Service.CarbonMonoxideSensor, reading: (hap) => hap.Characteristic.CarbonMonoxideDetected, label: 'Carbon Monoxide' },
  temperature: { service: (hap) => hap.Service.TemperatureSensor, reading: (hap) => hap.Characteristic.CurrentTemperature, label: 'Temperature' },
};

/**
 * A Ring Alarm sensor: contact (also retrofit zones, tilt and glass-break), motion, flood / freeze,
 * smoke / CO (alarms, listeners and the Kidde combo), temperature; with tamper, fault and battery
 * where the device reports them. What it shows is fixed at setup by `sensorLayout` (pure).
 */
export class AlarmSensorAccessory extends AlarmAccessory {
  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string, layout: SensorLayout) {
    super(deps, accessory, device, ringDevice, serial);
    const sensing: Service[] = [];
    for (const [index, capability] of layout.capabilities.entries()) {
      const spec = SENSOR_SERVICES[capability];
      // The primary sensor carries the device's own name; the others say what they sense.
      const service = this.service(spec.service(this.hap), index === 0 ? undefined : `${device.name} ${spec.label}`, capability);
      service.setPrimaryService(index === 0);
      const reading = this.field(service, spec.reading(this.hap), capability);
      if (capability === 'temperature') {
        reading.setProps({ minValue: TEMPERATURE_RANGE.min, maxValue: TEMPERATURE_RANGE.max });
      }
      sensing.push(service);
    }
    this.statusFields(sensing, layout);
    this.follow(neutralSensorView(layout), (data) => sensorView(layout, data));
    this.pruneServices();
  }
}
