import BarChart from './BarChart.astro';
import Callout from './Callout.astro';
import CodeFile from './CodeFile.astro';
import Compare from './Compare.astro';
import Figure from './Figure.astro';

/** Components every lesson can use without importing them. */
export const mdxComponents = { BarChart, Callout, CodeFile, Compare, Figure };
