// A build step put a hash of this file's content into its name: a changed file gets a new name,
// so browsers may keep this exact file for as long as they like.
document.querySelector('#status').textContent = 'script loaded';
