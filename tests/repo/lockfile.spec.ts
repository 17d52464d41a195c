import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` (README, CI) refuses a lockfile that lacks an entry for any optional dependency, even one for
 * another platform. The registry reachable here does not serve those, so `npm install` leaves them out:
 * `npm run lockfile:complete` puts them back. This test catches a lockfile committed without that step.
 */
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8'));

  it('has an entry for every optional dependency of every locked package', () => {
    const missing: string[] = [];
    for (const [key, pkg] of Object.entries<any>(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        const nested = `${key ? `${key}/` : ''}node_modules/${name}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`]) missing.push(`${name} (wanted by ${key || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
  });
});
