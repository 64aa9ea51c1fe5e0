// Administration › Labels (/harbor/labels): the global labels, as Harbor's page (title, then
// the label list shared with the project's Labels tab).
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import './label-list';

@customElement('berth-labels-page')
export class BerthLabelsPage extends LightElement {
  override render() {
    return html`<h2>Labels</h2><berth-label-list scope="g"></berth-label-list>`;
  }
}
