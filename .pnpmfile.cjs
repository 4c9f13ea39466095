// pnpm hooks for this workspace.
module.exports = {
  hooks: {
    /**
     * What a packed package.json keeps (`pnpm pack` / `pnpm publish`): no
     * devDependencies. Ours name workspace packages (`@trellis/api`…) that exist
     * only here, and an outside project never installs a package's devDependencies
     * anyway (ADR 050).
     */
    beforePacking(pkg) {
      delete pkg.devDependencies;
      return pkg;
    },
  },
};
