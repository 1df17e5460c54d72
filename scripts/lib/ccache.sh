# Sourced by the build scripts: compile through ccache when it is installed
# (scripts/install-deps.sh installs it). The cache lives outside the checkout
# (ccache's default, ~/.cache/ccache), so consecutive CI runs in fresh clones
# on one machine share it. base_dir rewrites the clone's absolute paths to
# relative ones and nohashdir keeps the build directory out of the hash, so a
# clone at another path still hits. The sloppiness is what precompiled
# headers need (ccache manual, "Precompiled headers").
# Sets ccache_launcher to the CMake arguments to pass at configure time.
ccache_launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd -P)}
  export CCACHE_NOHASHDIR=true
  export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
  ccache_launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
