// Ids from names relative to the build folder, not hashes of absolute paths, and the
// node_modules link not resolved to where it points: any checkout builds the same bytes.
module.exports = {
  optimization: { moduleIds: 'named', chunkIds: 'named' },
  resolve: { symlinks: false }
};
