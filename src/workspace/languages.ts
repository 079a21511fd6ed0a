/** The language id (Monaco's and Shiki's agree on these) for a file name. */
export function languageOf(path: string): 'javascript' | 'typescript' | 'json' | 'html' | 'css' | 'markdown' | 'plaintext' {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'js':
    case 'mjs':
    case 'cjs':
      return 'javascript';
    case 'ts':
    case 'mts':
      return 'typescript';
    case 'json':
      return 'json';
    case 'html':
      return 'html';
    case 'css':
      return 'css';
    case 'md':
      return 'markdown';
    default:
      return 'plaintext';
  }
}
