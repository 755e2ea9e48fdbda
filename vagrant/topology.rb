# The demo's machines and addresses, shared by the hypervisor Vagrantfile and docker/Vagrantfile.
NET = "192.168.56"
VIP = "#{NET}.100"
WEBS = { "web1" => "#{NET}.21", "web2" => "#{NET}.22" }
LBS  = {
  "lb1" => { ip: "#{NET}.11", keepalived: "keepalived-master.conf" },
  "lb2" => { ip: "#{NET}.12", keepalived: "keepalived-backup.conf" },
}
