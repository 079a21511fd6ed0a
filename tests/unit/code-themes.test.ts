import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeThemes, editorTheme } from '../../src/styles/code-themes.ts';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = hex.slice(1).match(/../g)!.map((h) => parseInt(h, 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The page backgrounds code blocks sit on, read from global.css: the light block first, then the dark one. */
function pageBackgrounds(): Record<'light' | 'dark', string[]> {
  const css = readFileSync(new URL('../../src/styles/global.css', import.meta.url), 'utf8');
  const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
  const backgrounds = (part: string) => ['--bg', '--bg-soft'].map((name) => new RegExp(`${name}:\\s*(#[0-9a-f]{6});`, 'i').exec(part)?.[1] ?? `no ${name} in global.css`);
  return { light: backgrounds(css.slice(0, darkAt)), dark: backgrounds(css.slice(darkAt)) };
}

describe('code themes', () => {
  const backgrounds = pageBackgrounds();
  for (const scheme of ['light', 'dark'] as const) {
    it(`every ${scheme} token colour reaches 4.5:1 on the ${scheme} page backgrounds`, () => {
      const theme = codeThemes[scheme];
      const colours = [theme.colors['editor.foreground'], ...theme.tokenColors.map((t) => t.settings.foreground)];
      for (const background of backgrounds[scheme]) {
        expect(background).toMatch(/^#[0-9a-f]{6}$/i);
        for (const colour of colours) expect(contrast(colour, background), `${colour} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`the ${scheme} editor theme colours every token, line numbers included, at 4.5:1 on its own background`, () => {
      const theme = editorTheme(scheme);
      const background = theme.colors['editor.background'];
      expect(theme.rules.find((r) => r.token === '')?.foreground, 'a default rule for every token no other rule names').toBeDefined();
      expect(theme.inherit, 'no base-theme rule may colour a token').toBe(false);
      const colours = [...theme.rules.map((r) => `#${r.foreground}`), theme.colors['editorLineNumber.foreground'], theme.colors['editorLineNumber.dimmedForeground']];
      for (const colour of colours) expect(contrast(colour, background), `${colour} on ${background}`).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('measures the ratio as WCAG defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // The comment colour the issue reported: 4.33:1 on the light code background.
    expect(contrast('#6a737d', '#f3f3f0')).toBeCloseTo(4.33, 2);
  });
});
