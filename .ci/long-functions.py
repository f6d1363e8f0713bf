#!/usr/bin/env python3
# The longest functions of a Rust tree (lines from `fn` to its closing brace at the same
# indentation) and how many exceed 80 lines: python3 .ci/long-functions.py src [N]
import re,sys,os
res=[]
for root,_,files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.rs'): continue
        p=os.path.join(root,f)
        lines=open(p,encoding='utf8').read().split('\n')
        i=0
        while i<len(lines):
            m=re.match(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?fn\s+(\w+)',lines[i])
            if m:
                ind=m.group(1); j=i
                while j<len(lines) and not (lines[j]==ind+'}'):
                    j+=1
                if j<len(lines): res.append((j-i+1,p,m.group(6),i+1))
            i+=1
res.sort(reverse=True)
n=int(sys.argv[2]) if len(sys.argv)>2 else 15
for r in res[:n]: print(*r)
print("over80:", sum(1 for r in res if r[0]>80))
