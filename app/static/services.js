// The public services page (services.html): an optional enhancement. Without it the page works
// as plain links and forms. With it, "Next page" becomes "Show more results": the next page is
// fetched and its results are added to the list, the live region says how many are shown now,
// and focus moves to the first new result so keyboard and screen-reader users carry on there.

const list = document.getElementById('results');
const status = document.getElementById('result-count');

function enhance(next) {
  if (!next || !list) return;
  next.textContent = next.dataset.more;
  next.addEventListener('click', async (event) => {
    event.preventDefault();
    next.setAttribute('aria-disabled', 'true');
    try {
      const response = await fetch(next.href, { headers: { Accept: 'text/html' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      showMore(new DOMParser().parseFromString(await response.text(), 'text/html'));
    } catch {
      window.location.assign(next.href); // the plain link still works
    }
  }, { once: true });
}

function showMore(page) {
  const added = [...page.querySelectorAll('#results > li')];
  list.append(...added.map((item) => document.adoptNode(item)));
  const pager = document.querySelector('.pager');
  const newPager = page.querySelector('.pager');
  if (pager && newPager) {
    newPager.querySelectorAll('[rel="prev"], .page-of').forEach((part) => part.remove());
    pager.replaceWith(document.adoptNode(newPager));
  }
  status.textContent = list.dataset.shown
    .replace('{shown}', list.children.length)
    .replace('{total}', list.dataset.total);
  added[0]?.querySelector('a')?.focus();
  enhance(document.getElementById('next-page'));
}

enhance(document.getElementById('next-page'));
