// TEST CONNECTION in the endpoint and scanner dialogs: the button (busy while the ping runs,
// which any change to the fields forgets) and the result shown under the form.
import type { TemplateResult } from 'lit';
import { errorText } from '../format';
import { busyButton } from './form-dialog';

export type Ping = { state: 'idle' | 'testing' | 'ok' | 'failed'; reason?: string };

export const IDLE: Ping = { state: 'idle' };

// Runs one ping; a refusal becomes its reason in Berth's words.
export async function pingWith(call: () => Promise<unknown>): Promise<Ping> {
  try {
    await call();
    return { state: 'ok' };
  } catch (e) {
    return { state: 'failed', reason: errorText(e) };
  }
}

export function testConnectionButton(id: string, ping: Ping, disabled: boolean, onClick: () => void): TemplateResult {
  return busyButton(id, 'Test Connection', { kind: 'outline', busy: ping.state === 'testing', disabled, onClick });
}
