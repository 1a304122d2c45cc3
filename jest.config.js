/**
 * `npx jest <spec>` finds any spec of the unit, workflow and end-to-end tiers; a tier's global
 * set-up runs only when one of its specs does. `npm test` runs the tiers one after the other.
 */
module.exports = {
  projects: ['<rootDir>/test/jest/unit.config.js', '<rootDir>/test/workflows/jest.config.js', '<rootDir>/test/jest/e2e.config.js'],
};
