import { LitElement } from 'lit';

// Components render into the page's DOM (no shadow root) so Clarity's global stylesheet styles
// them exactly as it styles Harbor's markup, and tests find Harbor's DOM ids with plain selectors.
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
