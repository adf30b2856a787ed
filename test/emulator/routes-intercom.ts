/**
 * Ring Intercom commands: `PUT /commands/v1/devices/{id}/device_rpc`, which ring-client-api's
 * `RingIntercom.unlock()` sends as
 * `{command_name:'device_rpc', request:{jsonrpc:'2.0', method:'unlock_door', params:{door_id:0, user_id:0}}}`.
 *
 * Answers (the fault plan runs before these, as for every route):
 * - `unlock_door`: 200 `{"jsonrpc":"2.0","result":{"code":0}}`, or `{"code":1}` while the intercom is
 *   set to refuse (`setIntercomUnlockAnswer(id, 'refuse')`); either way it is counted.
 * - any other rpc method: 200 with a JSON-RPC error `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"}}`.
 * - a body that is not a device_rpc JSON-RPC 2.0 request: 400 `{error}`.
 * - an id that is no intercom (device_rpc is emulated for intercoms only): 404.
 * The subscribe/unsubscribe routes for intercoms live with the camera ones in routes-clients-api.ts.
 */
import type { CloudState } from './cloud-state.js';
import { json, notFound, type Route } from './route-types.js';
import { findIntercom } from './scenario.js';
import { isPlainObject } from './merge.js';

/** JSON-RPC 2.0's "method not found". */
export const rpcMethodNotFound = -32601;

function recordUnlock(state: CloudState, id: number): number {
  const count = (state.intercomUnlocks.get(id) ?? 0) + 1;
  state.intercomUnlocks.set(id, count);
  return count;
}

export const intercomRoutes: Route[] = [
  {
    method: 'PUT',
    path: /^\/commands\/v1\/devices\/(\d+)\/device_rpc$/,
    guard: 'token',
    handle: (request, params, state) => {
      const intercom = findIntercom(state.scenario, Number(params[0]));
      if (!intercom) return notFound('intercom');
      const body = request.body;
      const rpc = isPlainObject(body) && body.command_name === 'device_rpc' && isPlainObject(body.request) ? body.request : undefined;
      if (!rpc || rpc.jsonrpc !== '2.0' || typeof rpc.method !== 'string') {
        return json({ error: 'expected {command_name:"device_rpc", request:{jsonrpc:"2.0", method, params}}' }, 400);
      }
      if (rpc.method !== 'unlock_door') {
        state.log(`${intercom.description}: device_rpc method ${rpc.method} not emulated`);
        return json({ jsonrpc: '2.0', error: { code: rpcMethodNotFound, message: 'Method not found' } });
      }
      const count = recordUnlock(state, intercom.id);
      const refuse = state.intercomUnlockAnswers.get(intercom.id) === 'refuse';
      state.log(`${intercom.description}: unlock #${count} ${refuse ? 'refused' : 'ok'}`);
      return json({ jsonrpc: '2.0', result: { code: refuse ? 1 : 0 } });
    },
  },
];
