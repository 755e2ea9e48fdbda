#!/usr/bin/env bash
# Provision a web backend: nginx answering its own name, so the demo shows who served each request.
set -euo pipefail
name=$1
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq nginx
echo "$name" > /var/www/html/index.html
systemctl enable --now nginx
