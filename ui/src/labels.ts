// Labels as the API returns them, Harbor's colour palette (the 32 colours its label form
// offers), and the text colour to draw on a label's colour.

export interface Label {
  id: number;
  name: string;
  description?: string;
  color?: string;
  scope: 'g' | 'p';
  project_id?: number;
  creation_time?: string;
  update_time?: string;
}

export const LABEL_COLORS = [
  '#000000', '#61717D', '#737373', '#80746D', '#FFFFFF', '#A9B6BE', '#DDDDDD', '#BBB3A9',
  '#0065AB', '#343DAC', '#781DA0', '#9B0D54', '#0095D3', '#9DA3DB', '#BE90D6', '#F1428A',
  '#1D5100', '#006668', '#006690', '#004A70', '#48960C', '#00AB9A', '#00B7D6', '#0081A7',
  '#C92100', '#CD3517', '#C25400', '#D28F00', '#F52F52', '#FF5501', '#F57600', '#FFDC0B',
];

function luminance(hex: string): number {
  let h = hex.replace('#', '');
  if (h.length === 3 || h.length === 4) h = [...h.slice(0, 3)].map((x) => x + x).join('');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = (parseInt(h.slice(i, i + 2), 16) || 0) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Black or white, whichever reads better on the colour (WCAG contrast). Harbor fixes one per
// palette colour, and a few of its choices (white on #D28F00) are hard to read.
export function textColorFor(color: string): 'black' | 'white' {
  const l = luminance(color);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? 'black' : 'white';
}
