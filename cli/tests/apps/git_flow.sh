# A git workflow on local repositories, with fixed dates so that every
# commit id is the same natively and under tabvm.
export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.org
export GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.org
export GIT_AUTHOR_DATE='2024-01-01T12:00:00Z' GIT_COMMITTER_DATE='2024-01-01T12:00:00Z'
tick() { n=$((n + 1)); export GIT_AUTHOR_DATE="2024-01-01T12:$n:00Z" GIT_COMMITTER_DATE="2024-01-01T12:$n:00Z"; }
n=10
cd /tmp; git -c init.defaultBranch=main init -q origin; cd origin
seq 1 20 > numbers; printf 'one\ntwo\n' > words; git add .; tick; git commit -qm start
for i in 1 2 3; do echo "line $i" >> words; tick; git commit -qam "words $i"; done
cd /tmp; git clone -q origin work 2>&1; cd work
git remote -v; git branch -a
git switch -qc feature; sed -i 's/^5$/five/' numbers; tick; git commit -qam 'spell five'
echo extra > extra; git add extra; tick; git commit -qm 'add extra'
git switch -q main; sed -i 's/^15$/fifteen/' numbers; tick; git commit -qam 'spell fifteen'
tick; git merge -q --no-edit feature; git log --graph --oneline --all
git show --stat --format='%s%n%P' HEAD | head -8
git switch -qc topic HEAD~2; echo topic > t; git add t; tick; git commit -qm topic
tick; git rebase -q main 2>&1; git log --oneline -3; git rev-list --count HEAD
git switch -q main; git merge -q --ff-only topic; git log --format='%h %s' -1
git tag -a v1 -m 'version one'; git describe; git cat-file -p v1 | head -4
git clone -q --bare /tmp/origin /tmp/bare.git; git remote add bare /tmp/bare.git
git push -q bare main v1 2>&1; git -C /tmp/bare.git log --oneline -2 main; git ls-remote bare | sort -k2
git gc -q 2>&1; git count-objects -v | grep -E '^(count|in-pack|packs|prune-packable)'
git fsck 2>&1; git verify-pack -v .git/objects/pack/*.idx | grep -c -E 'commit|tree|blob|tag'
echo change >> words; git stash -q; git stash list; git stash pop -q; git diff --stat; git checkout -q words
git bisect start HEAD HEAD~6 >/dev/null
git bisect run sh -c '! grep -q five numbers' 2>&1 | grep -E 'first bad commit|^    '; git bisect reset >/dev/null 2>&1
git archive --format=tar HEAD | tar t | sort; git blame -s numbers | sed -n 5p
