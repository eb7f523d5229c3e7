"""Stories that predate programme sections sat right under the story index; each now
belongs in the section of its programme, in its own language."""

from .models import ProgrammeStoryIndexPage, StoryIndexPage, StoryPage


def move_stories_into_sections():
    """Move every story still right under a story index into its programme's section of
    the same language. Returns the number moved. A moved story keeps its translations, and
    Wagtail's redirects app records its old address."""
    moved = 0
    for index in StoryIndexPage.objects.all():
        sections = {
            section.programme_id: section
            for section in ProgrammeStoryIndexPage.objects.child_of(index)
        }
        for story in StoryPage.objects.child_of(index):
            section = sections.get(story.programme_id)
            if section is not None:
                story.move(section, pos="last-child")
                moved += 1
    return moved
