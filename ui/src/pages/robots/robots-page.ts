// Administration › Robot Accounts (/harbor/robot-accounts): the system robots, in the list
// shared with the project's Robot Accounts tab.
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import './robot-list';

@customElement('berth-robots-page')
export class BerthRobotsPage extends LightElement {
  override render() {
    return html`<h2>Robot Accounts</h2><berth-robot-list></berth-robot-list>`;
  }
}
