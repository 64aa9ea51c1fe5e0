// What deleting the selected artifacts removes, said plainly (complaint §4.5: users cannot tell
// which tags share a digest): per digest, the tags that go with it, its accessories and, for an
// index, its children no other index lists.
import { html } from 'lit';
import { shortDigest, type Artifact } from '../../artifacts';

export function deleteDetails(rows: Artifact[], accessories: (digest: string) => number) {
  const item = (a: Artifact) => {
    const tags = (a.tags ?? []).map((t) => t.name);
    const n = accessories(a.digest);
    const tagText = tags.length ? html`tag${tags.length === 1 ? '' : 's'} <strong>${tags.join(', ')}</strong>` : 'no tags';
    const accText = n ? `; ${n} accessor${n === 1 ? 'y' : 'ies'} (signatures, SBOMs)` : '';
    const childText = a.references?.length ? '; the images of this index that no other index lists' : '';
    // One line without template whitespace, so "v1, v1b; 1 accessory" reads as a sentence.
    return html`<li data-digest=${a.digest}><code>${shortDigest(a.digest)}</code>: ${tagText}${accText}${childText}</li>`;
  };
  return html`<p>Deleting removes:</p><ul class="berth-delete-list" id="delete-artifact-details">${rows.map(item)}</ul>`;
}
