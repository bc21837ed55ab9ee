import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Tests run against the built bundles, exactly what `npm start` and deployment use. */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
}
