#!/usr/bin/env bash
# Builds the Windows installer on Linux (not in CI: the Windows release build takes longer than
# CI's budget): target/installer/kaoping-安装程序-VERSION.exe, per-user, no administrator.
#
#   bash .ci/windows-installer.sh        (as root on Debian/Ubuntu x86_64, from the clone's root)
#
# Needs gcc-mingw-w64-x86-64 and nsis (makensis) from Debian, and the Rust target
# x86_64-pc-windows-gnu; installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
for p in gcc-mingw-w64-x86-64 nsis; do
    dpkg -s "$p" >/dev/null 2>&1 || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null
    }
done
rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1
cargo build -q --release --target x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
src=target/installer/src
rm -rf "$src" && mkdir -p "$src/licences"
cp target/x86_64-pc-windows-gnu/release/kaoping.exe target/x86_64-pc-windows-gnu/release/kaoping-cli.exe \
   assets/icon.ico "$src/"
# The offices' guide (Chinese) is what the installer ships as 说明.md.
cp docs/安装与使用说明.md "$src/说明.md"
cp assets/fonts/*.txt assets/fonts/*.copyright "$src/licences/"
out="target/installer/kaoping-安装程序-$version.exe"
makensis -V2 -DVERSION="$version" -DSRC="$(pwd)/$src" -DOUT="$(pwd)/$out" installer/kaoping.nsi
ls -l "$out"
