import os, sys
fetches = [l.split() for l in open("fetches.txt")]
ARGS = {'bin':'(00)','bool':'(1)','capture.req.hdr':'(0)','capture.res.hdr':'(0)','env':'(HOME)','int':'(1)',
 'ipv4':'(127.0.0.1)','ipv6':'(::1)','meth':'(GET)','http_auth':'(ul)','http_auth_group':'(ul)',
 'req.payload':'(0,4)','req.payload_lv':'(0,1)','res.payload':'(0,4)','res.payload_lv':'(0,1)',
 'srv_conn':'(b/s)','srv_is_up':'(b/s)','var':'(sess.x)','url_param':'(a)','urlp':'(a)','urlp_val':'(a)'}
def arg(n, mn):
    if n in ARGS: return ARGS[n]
    if n.startswith('sc_'): return '(0)'
    if int(mn) > 0: return '(host)'
    return ''
FAM = {  # family -> (section, sample-form, acl-form)
 'http-request':        ('fe', 'http-request set-header X %[{f}]', 'http-request deny if {{ {f} -m found }}'),
 'http-response':       ('be', 'http-response set-header X %[{f}]', 'http-response deny if {{ {f} -m found }}'),
 'http-response-fe':    ('fe', 'http-response set-header X %[{f}]', 'http-response deny if {{ {f} -m found }}'),
 'http-after-response': ('fe', 'http-after-response set-header X %[{f}]', 'http-after-response set-status 500 if {{ {f} -m found }}'),
 'tcp-request content': ('fe', 'tcp-request content set-var(sess.y) {f}', 'tcp-request content reject if {{ {f} -m found }}'),
 'tcp-response content':('be', 'tcp-response content set-var(sess.y) {f}', 'tcp-response content close if {{ {f} -m found }}'),
}
TPL = """defaults
  timeout client 1s
  timeout server 1s
  timeout connect 1s
userlist ul
  user u insecure-password p
frontend f
  mode {mode}
  bind 127.0.0.1:18999
{fe}  default_backend b
backend b
  mode {mode}
{be}  server s 127.0.0.1:1
"""
os.makedirs('cfg', exist_ok=True)
idx = open('index.txt','w')
for fam,(sec,sform,aform) in FAM.items():
  for mode in ('http','tcp'):
    for form,tpl in (('sample',sform),('acl',aform)):
      for fl in fetches:
        n = fl[0]; f = n + arg(n, fl[1])
        rule = '  ' + tpl.format(f=f) + '\n'
        extra_fe = '  capture request header Host len 10\n  capture response header Server len 10\n' if mode=='http' else ''
        fe = extra_fe + (rule if sec=='fe' else '')
        be = rule if sec=='be' else ''
        name = f"cfg/{fam.replace(' ','_')}.{mode}.{form}.{n}.cfg"
        open(name,'w').write(TPL.format(mode=mode, fe=fe, be=be))
        idx.write(f"{name}\t{fam}\t{mode}\t{form}\t{n}\n")
