module.exports = { ...require('../../jest.preset.js'), displayName: 'raft' };
