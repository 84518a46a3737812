// Text files bundled as strings by esbuild (`loader: { '.md': 'text' }` in esbuild.js).
declare module '*.md' {
  const text: string;
  export default text;
}
