module.exports = { ...require('../../jest.preset.js'), displayName: 'dashboard-api' };
